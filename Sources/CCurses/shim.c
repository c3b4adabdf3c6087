#include "ccurses.h"

unsigned int ccurses_attr_bold(void) { return (unsigned int)A_BOLD; }
unsigned int ccurses_attr_reverse(void) { return (unsigned int)A_REVERSE; }
unsigned int ccurses_attr_underline(void) { return (unsigned int)A_UNDERLINE; }
unsigned int ccurses_attr_dim(void) { return (unsigned int)A_DIM; }
unsigned int ccurses_attr_italic(void) { return (unsigned int)A_ITALIC; }
unsigned int ccurses_attr_color_pair(int pair) { return (unsigned int)COLOR_PAIR(pair); }
