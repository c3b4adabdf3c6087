
0flytesnacksdevelopment"rb2x9kqzzz5d7fm6l4twk3fz0a