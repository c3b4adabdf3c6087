
kv