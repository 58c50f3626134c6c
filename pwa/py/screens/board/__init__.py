"""The guests' pickup board (``#/board``): order numbers being prepared and ready, for a TV at
the counter."""
