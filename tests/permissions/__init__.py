"""The permission harness: every URL the resolver knows, every role, own and other system.

``routes`` walks the resolver, ``world`` builds one of every record kind in two systems and a
signed-in client per role, ``table`` declares who may do what, and ``probe`` asks and compares.
The test is ``tests/test_permission_matrix.py``.
"""
