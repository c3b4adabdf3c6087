// ncursesw for Swift: wide-character API on, plus functions for what Swift cannot import
// (attribute macros such as A_BOLD are function-like macros in curses.h).
#ifndef CCURSES_H
#define CCURSES_H
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <ncursesw/curses.h>

unsigned int ccurses_attr_bold(void);
unsigned int ccurses_attr_reverse(void);
unsigned int ccurses_attr_underline(void);
unsigned int ccurses_attr_dim(void);
unsigned int ccurses_attr_italic(void);
unsigned int ccurses_attr_color_pair(int pair);
#endif
