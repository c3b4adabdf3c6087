
P

ValueError>Traceback (most recent call last):
  boom[31m
ValueError: bad 