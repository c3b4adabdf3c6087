
)
'%Zoë 🌍 日本 [31mred[0m ‮evil