2q¢
big