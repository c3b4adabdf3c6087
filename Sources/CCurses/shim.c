#include "ccurses.h"
#include <signal.h>
#include <string.h>
#include <unistd.h>

unsigned int ccurses_attr_bold(void) { return (unsigned int)A_BOLD; }
unsigned int ccurses_attr_reverse(void) { return (unsigned int)A_REVERSE; }
unsigned int ccurses_attr_underline(void) { return (unsigned int)A_UNDERLINE; }
unsigned int ccurses_attr_dim(void) { return (unsigned int)A_DIM; }
unsigned int ccurses_attr_italic(void) { return (unsigned int)A_ITALIC; }
unsigned int ccurses_attr_color_pair(int pair) { return (unsigned int)COLOR_PAIR(pair); }

unsigned long ccurses_mouse_button1(void) { return (unsigned long)(BUTTON1_PRESSED | BUTTON1_CLICKED); }
unsigned long ccurses_mouse_wheel_up(void) { return (unsigned long)BUTTON4_PRESSED; }
unsigned long ccurses_mouse_wheel_down(void) {
#ifdef BUTTON5_PRESSED
    return (unsigned long)BUTTON5_PRESSED;
#else
    return 0;
#endif
}

int ccurses_get_mouse(int *x, int *y, unsigned long *bstate) {
    MEVENT ev;
    if (getmouse(&ev) != OK) return -1;
    *x = ev.x;
    *y = ev.y;
    *bstate = (unsigned long)ev.bstate;
    return 0;
}

static volatile sig_atomic_t pending_signal = 0;
static volatile sig_atomic_t curses_active = 0;
static int wake_fd_global = -1;

static void on_terminate(int sig) {
    pending_signal = sig;
    if (wake_fd_global >= 0) {
        char b = 's';
        ssize_t r = write(wake_fd_global, &b, 1);
        (void)r;
    }
}

static void on_crash(int sig) {
    if (curses_active) {
        endwin();
        curses_active = 0;
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

void ccurses_install_signal_handlers(int wake_fd) {
    wake_fd_global = wake_fd;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_terminate;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    struct sigaction sc;
    memset(&sc, 0, sizeof sc);
    sc.sa_handler = on_crash;
    sigemptyset(&sc.sa_mask);
    sc.sa_flags = SA_RESETHAND;
    sigaction(SIGSEGV, &sc, NULL);
    sigaction(SIGBUS, &sc, NULL);
    sigaction(SIGILL, &sc, NULL);
    sigaction(SIGFPE, &sc, NULL);
    sigaction(SIGABRT, &sc, NULL);
    sigaction(SIGTRAP, &sc, NULL);
}

int ccurses_pending_signal(void) { return pending_signal; }
void ccurses_set_active(int active) { curses_active = active; }
