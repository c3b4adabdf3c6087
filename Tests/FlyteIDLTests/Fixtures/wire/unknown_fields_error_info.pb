
gpu diedXID"OGPU fell off the bus