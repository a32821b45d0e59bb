"""The address a request came from, for sign-in lockout.

Behind a reverse proxy every request arrives from the proxy: locking out "username at address"
would then lock the account out for everyone. With ``TRUSTED_PROXY_COUNT`` proxies in front
(each appending to X-Forwarded-For), the client is the entry that many places from the right;
anything further left was written by the client itself and is not trusted.
"""

from ipaddress import ip_address

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address, or None when what stands there is no address (a proxy miscounted
    or misconfigured): never a value the database's address columns refuse."""
    address = _forwarded_or_remote(request)
    try:
        return str(ip_address(address)) if address else None
    except ValueError:
        return None


def _forwarded_or_remote(request) -> str | None:
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
