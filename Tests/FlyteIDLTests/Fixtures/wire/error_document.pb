
-
USER:UnknownTraceback ...
ValueError: x 