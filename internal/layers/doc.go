// Package layers has no code: its test keeps the module's packages
// importing in the direction docs/DESIGN-notes.md gives.
package layers
