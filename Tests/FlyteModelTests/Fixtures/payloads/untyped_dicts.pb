
O
configE
CA
6†¢lrË?„záG®{¦layers’@ ¤name¡m¤flagÃ¤noneÀ¤deep¡k¡jmsgpack