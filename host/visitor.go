package host

// This file defines the Visitor: what a run knows of the person whose
// browser shows it (st.context and st.user).

// A Visitor is the browser a session's socket came from, and who signed
// in: what the server read from the WebSocket's upgrade request, less what
// pages must never see (the Authorization header and stark's own login
// cookie: web filters them), and what the browser said of itself in its
// hello. A Visitor is never modified once a run was given it, so runs read
// it on any goroutine without a lock.
type Visitor struct {
	// Headers are the upgrade request's headers, by canonical name.
	Headers map[string][]string
	// Cookies are the request's cookies, by name (the first of each).
	Cookies map[string]string
	// IPAddress is the client's address ("" when unknown).
	IPAddress string
	// URL is the page's address as the browser has it.
	URL string
	// Locale is the browser's language ("en-GB"), Timezone its IANA time
	// zone ("Europe/Berlin") and TimezoneOffset the minutes to add to its
	// local time to get UTC (JavaScript's getTimezoneOffset), nil when
	// not said; Theme is "light" or "dark", as the browser shows the page.
	Locale         string
	Timezone       string
	TimezoneOffset *int
	Theme          string
	// User is who signed in, nil for nobody.
	User *User
}

// A User is who signed in to the app: with a password or a token of its
// [access] rules (Name only), or with an OpenID Connect provider (Provider,
// Email and the ID token's claims).
type User struct {
	Name     string
	Email    string
	Provider string         // the [auth] provider's name, "" for a password or token
	Claims   map[string]any // the ID token's claims, JSON values
}
