"""Kitchen printers: the papers the store queued turned into ESC/POS bytes (``render``, with
python-escpos), sent to network printers over TCP port 9100 (``sender``) by a worker in every
server process (``worker``) that takes each job through the store's claim, so a job prints once
however many processes run, and again only as a REPRINT when a send was cut off.

May import: ``domain``, ``store``.
"""
