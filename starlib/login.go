package starlib

// This file defines st.login and st.logout: a sign-in with one of the app's
// OpenID Connect providers ([auth.NAME] of stark.toml) and its end. The
// browser does both, told by a redirect element (the server's
// /_stark/oidc/login starts a sign-in, a POST of /_stark/logout ends it);
// the rest of the run goes on, as Streamlit's does, until the browser
// leaves.

import (
	"strings"

	"github.com/stark-dev/stark/host"
	"go.starlark.net/starlark"
)

// login implements st.login(provider=None): provider names one of [auth]'s
// providers; None is the app's only one (or "default").
func login(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var provider starlark.Value = starlark.None
	if err := host.UnpackArgs(c.name, args, kwargs, "provider?", &provider); err != nil {
		return nil, err
	}
	sb, err := host.SandboxFor(c.thread, c.name)
	if err != nil {
		return nil, err
	}
	names, _ := host.AuthProviders.Get(sb.App)
	if len(names) == 0 {
		return nil, c.errorf("the app has no sign-in providers: add one to stark.toml as [auth.NAME] with client_id, client_secret = \"${VAR}\" and issuer")
	}
	name := ""
	if provider != starlark.None {
		s, ok := starlark.AsString(provider)
		if !ok {
			return nil, c.errorf("for parameter provider: got %s, want a string or None", provider.Type())
		}
		name = s
	} else if len(names) == 1 {
		name = names[0]
	}
	known := false
	for _, n := range names {
		known = known || n == name || name == "" && n == "default"
	}
	if !known {
		if name == "" {
			return nil, c.errorf("the app has several sign-in providers (%s): name one, as st.login(%q)", strings.Join(names, ", "), names[0])
		}
		return nil, c.errorf("the app has no sign-in provider %q (it has %s)", name, strings.Join(names, ", "))
	}
	var p any
	if name != "" {
		p = name
	}
	if err := c.appendEl("redirect", map[string]any{"action": "login", "provider": p}); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

// logout implements st.logout(): the visitor's login ends (with a
// provider or the app's own) and the page reloads without it.
func logout(c call, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := host.UnpackArgs(c.name, args, kwargs); err != nil {
		return nil, err
	}
	if err := c.appendEl("redirect", map[string]any{"action": "logout", "provider": nil}); err != nil {
		return nil, err
	}
	return starlark.None, nil
}
