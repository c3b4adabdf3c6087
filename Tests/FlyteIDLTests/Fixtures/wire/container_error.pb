

ValueError	bad value 