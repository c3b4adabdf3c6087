
*

ana!
Anaana@acme.example2ml2data