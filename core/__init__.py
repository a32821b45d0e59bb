"""The shared platform layer: machinery every domain app asks for and none copies (query
parameters, list ordering, and, as they move down, scoping, authorisation, audit and the API
toolkit). It imports no domain app and not ``config``."""
