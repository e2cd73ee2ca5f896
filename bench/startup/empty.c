// The empty program: the C column's start-up (process creation and exit).
int main(void) {
    return 0;
}
