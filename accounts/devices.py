"""A browser's name as a person recognises it ("Edge on Windows"), from its User-Agent header,
read by ua-parser (the Browserscope rules). Read once, when the session starts."""

from ua_parser import parse

# What the header may be: a longer one is cut before it is read.
MAX_HEADER = 500


def device_label(user_agent: str) -> str:
    found = parse(user_agent[:MAX_HEADER])
    browser = found.user_agent.family if found.user_agent else ""
    system = found.os.family if found.os else ""
    if browser and system:
        return f"{browser} on {system}"[:100]
    return (browser or system or "Unknown browser")[:100]
