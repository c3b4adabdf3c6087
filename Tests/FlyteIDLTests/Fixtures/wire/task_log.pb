
https://logs/xKubernetes Logs"<(08@J	https://i