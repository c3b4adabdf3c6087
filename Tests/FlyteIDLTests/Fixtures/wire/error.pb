
2

n1boom