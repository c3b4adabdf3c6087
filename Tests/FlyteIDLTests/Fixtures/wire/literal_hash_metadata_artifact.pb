

v"abc123*
formathtml*
kvJ

pddaily_report"o7