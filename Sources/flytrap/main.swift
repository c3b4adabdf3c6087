import FlytrapCLI
