
k
modelb
`^
S„¢id¥label¥seven¦scores’Ë?¹™™™™™šË?É™™™™™š¦nested„¢id¥label¥eight¦scores¦nestedÀmsgpack