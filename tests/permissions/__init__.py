"""The permission harness: every URL the resolver knows, every role, own and other system.

``routes`` walks the resolver, ``world`` builds one of every record kind in two systems and a
signed-in client per role, ``table`` declares who may do what, and ``probe`` asks and compares.
The test is ``tests/test_permission_matrix.py``.

Adding a page: add its URL name to ``table.PAGES`` with ``page``/``form``/``action`` and the
kind of record its key names (a model label, or a named variant such as ``draft_report``); a
new kind needs a record on both sides in ``world._side``. API endpoints and admin screens are
declared by family, so a new viewset or ModelAdmin is asked without an entry; its model needs a
row in each system (built in ``world._side``), or the harness says which one is missing.
"""
