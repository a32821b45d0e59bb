"""A real OpenID Connect provider on 127.0.0.1 for the tests: Authlib's authorization server
(authorization code with PKCE, ID tokens signed RS256 with a published key set, userinfo,
discovery, RP-initiated logout) served by Flask in a thread.

The test says who signs in next (``provider.person``) and may make the provider misbehave:
``provider.fault`` = ``"audience"`` (an ID token for another client), ``"shared"`` (for this
client and another, without saying which one it was issued to), ``"azp"`` (for both, issued
to the other: ``azp``), ``"expired"`` (an ID token already past its expiry) or ``"signature"``
(signed with a key the provider does not publish).
"""

import os
import secrets
import threading
import time
from dataclasses import dataclass, field

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from flask import Flask, jsonify, redirect, request
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server

# Plain HTTP on the loopback address only: Authlib otherwise insists on TLS.
os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")

CLIENT_ID = "governance-tracker"
CLIENT_SECRET = "test-client-secret"
KEY_ID = "test-signing-key"


@dataclass
class Client:
    redirect_prefix: str
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return None

    def get_allowed_scope(self, scope):
        return " ".join(s for s in (scope or "").split() if s in ("openid", "email", "profile"))

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri.startswith(self.redirect_prefix)

    def check_client_secret(self, client_secret):
        return secrets.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method, endpoint):
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


@dataclass
class Code:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    person: dict
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    created: float = field(default_factory=time.time)

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return int(self.created)

    def get_acr(self):
        return None

    def get_amr(self):
        return None

    def is_expired(self):
        return time.time() - self.created > 60


class OIDCProvider:
    def __init__(self, redirect_prefix: str = "http://testserver/"):
        self.key = RSAKey.generate_key(2048, parameters={"kid": KEY_ID, "use": "sig"})
        self.rogue_key = RSAKey.generate_key(2048, parameters={"kid": KEY_ID, "use": "sig"})
        self.client = Client(redirect_prefix)
        self.person: dict = {}
        self.fault: str | None = None
        self.codes: dict[str, Code] = {}
        self.tokens: dict[str, dict] = {}
        self.logouts: list[dict] = []
        self.app = self._build()
        self._server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._thread.join(timeout=5)

    def _build(self) -> Flask:
        provider = self
        app = Flask(__name__)
        app.config["OAUTH2_ERROR_URIS"] = []

        class AuthorizationCodeGrant(grants.AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

            def save_authorization_code(self, code, request):
                provider.codes[code] = Code(
                    code=code,
                    client_id=request.client.get_client_id(),
                    redirect_uri=request.payload.redirect_uri,
                    scope=request.payload.scope,
                    person=dict(provider.person),
                    nonce=request.payload.data.get("nonce"),
                    code_challenge=request.payload.data.get("code_challenge"),
                    code_challenge_method=request.payload.data.get("code_challenge_method"),
                )

            def query_authorization_code(self, code, client):
                found = provider.codes.get(code)
                if found and found.client_id == client.get_client_id():
                    return found
                return None

            def delete_authorization_code(self, authorization_code):
                provider.codes.pop(authorization_code.code, None)

            def authenticate_user(self, authorization_code):
                return authorization_code.person

        class IDToken(OpenIDCode):
            def resolve_client_private_key(self, client):
                return provider.rogue_key if provider.fault == "signature" else provider.key

            def get_client_algorithm(self, client):
                return "RS256"

            def get_encode_header(self, client):
                return {"alg": "RS256", "kid": KEY_ID}

            def get_client_claims(self, client):
                now = int(time.time())
                audience = "another-service" if provider.fault == "audience" else CLIENT_ID
                expires = now - 600 if provider.fault == "expired" else now + 300
                iat = now - 1200 if provider.fault == "expired" else now
                claims = {"iss": provider.url, "aud": [audience], "exp": expires, "iat": iat}
                if provider.fault in ("shared", "azp"):
                    claims["aud"] = [CLIENT_ID, "another-service"]
                if provider.fault == "azp":
                    claims["azp"] = "another-service"
                return claims

            def exists_nonce(self, nonce, request):
                return False

            def generate_user_info(self, user, scope):
                return UserInfo(**user)

        def query_client(client_id):
            return provider.client if client_id == provider.client.client_id else None

        def save_token(token, request):
            provider.tokens[token["access_token"]] = request.user

        server = AuthorizationServer(app, query_client=query_client, save_token=save_token)
        server.register_grant(
            AuthorizationCodeGrant, [IDToken(require_nonce=False), CodeChallenge(required=True)]
        )

        @app.get("/.well-known/openid-configuration")
        def discovery():
            return jsonify(
                issuer=provider.url,
                authorization_endpoint=f"{provider.url}/authorize",
                token_endpoint=f"{provider.url}/token",
                userinfo_endpoint=f"{provider.url}/userinfo",
                jwks_uri=f"{provider.url}/jwks",
                end_session_endpoint=f"{provider.url}/logout",
                response_types_supported=["code"],
                subject_types_supported=["public"],
                id_token_signing_alg_values_supported=["RS256"],
                token_endpoint_auth_methods_supported=["client_secret_post", "client_secret_basic"],
                code_challenge_methods_supported=["S256"],
            )

        @app.get("/jwks")
        def jwks():
            return jsonify(keys=[provider.key.as_dict(private=False, alg="RS256")])

        @app.get("/authorize")
        def authorize():
            # The person has signed in at the provider and agreed: straight back with a code.
            return server.create_authorization_response(grant_user=dict(provider.person))

        @app.post("/token")
        def token():
            return server.create_token_response()

        @app.get("/userinfo")
        def userinfo():
            bearer = request.headers.get("Authorization", "").removeprefix("Bearer ")
            person = provider.tokens.get(bearer)
            if person is None:
                return jsonify(error="invalid_token"), 401
            return jsonify(person)

        @app.get("/logout")
        def logout():
            provider.logouts.append(dict(request.args))
            return redirect(request.args.get("post_logout_redirect_uri") or provider.url)

        return app

    def django_app(self, provider_id: str = "testidp", **settings) -> dict:
        """This provider as an entry of ``SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]``."""
        return {
            "provider_id": provider_id,
            "name": "Test NHS identity",
            "client_id": CLIENT_ID,
            "secret": CLIENT_SECRET,
            "settings": {
                "server_url": self.url,
                "oauth_pkce_enabled": True,
                "fetch_userinfo": True,
                "email_domains": ["nhs.net"],
                "trust_email": False,
                **settings,
            },
        }
