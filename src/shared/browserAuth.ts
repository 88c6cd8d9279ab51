// How the browser mode's page proves it was opened from the URL `stepwise serve`
// printed. The token rides in that URL's fragment (which no browser sends to any
// server), lives in the tab's sessionStorage (one origin, port included), and
// reaches the server only in the WebSocket handshake, as a subprotocol entry:
// never in a cookie, which a browser would send to every port of 127.0.0.1.

/** The subprotocol the server answers with; it never echoes the token. */
export const WS_PROTOCOL = 'stepwise.v1';
/** The entry that carries the token: `stepwise.token.<token>`. */
export const WS_TOKEN_PREFIX = 'stepwise.token.';
/** The fragment parameter of the printed URL: `http://127.0.0.1:PORT/#token=…`. */
export const URL_TOKEN_PARAM = 'token';
/** A token is base64url, so that it is a valid subprotocol name (RFC 6455 token characters). */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
