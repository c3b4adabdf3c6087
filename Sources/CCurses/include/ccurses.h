// ncursesw for Swift: wide-character API on, plus functions for what Swift cannot import
// (attribute macros such as A_BOLD and the mouse button masks are function-like macros in curses.h),
// and the signal handlers that restore the terminal.
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

/// Mouse masks: button 1 press/click, wheel up (button 4) and wheel down (button 5).
unsigned long ccurses_mouse_button1(void);
unsigned long ccurses_mouse_wheel_up(void);
unsigned long ccurses_mouse_wheel_down(void);
/// Reads the pending mouse event: returns 0 and fills x, y and the button state, or -1.
int ccurses_get_mouse(int *x, int *y, unsigned long *bstate);

/// Installs handlers: SIGINT, SIGTERM and SIGHUP set a flag and write one byte to `wake_fd` (the main loop then
/// exits cleanly); SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT and SIGTRAP restore the terminal (endwin) and re-raise.
void ccurses_install_signal_handlers(int wake_fd);
/// The terminating signal received (SIGINT, SIGTERM, SIGHUP), or 0.
int ccurses_pending_signal(void);
/// Whether curses mode is on, so handlers know to restore the terminal.
void ccurses_set_active(int active);
#endif
