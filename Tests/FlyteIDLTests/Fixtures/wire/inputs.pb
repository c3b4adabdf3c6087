

b



a

first? no, second
trace-idt-1