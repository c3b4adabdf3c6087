

Ç°a°b√msgpack