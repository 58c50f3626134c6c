"""Who may do what: restaurants and their role PINs (``accounts``), signed-in devices and their
credentials (``devices``), access tokens (``tokens``), what each role may read (``scopes``),
request and change rates (``rates``), the limits on guessing a PIN (``pin_guesses``), and a
manager's approval of one change on a staff phone (``approvals``).

Promises: a secret is never stored or compared in the clear; a revoked device can do nothing
within a second, in every process; nobody on the network can guess a PIN.

May import: ``domain``, ``store``.
"""
