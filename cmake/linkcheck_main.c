/*
 * linkcheck_main.c - the whole program of a stage's link check
 * (src/CMakeLists.txt): every object of one stage is linked with the stages
 * it may use and nothing else, so this file only has to exist.
 */
int main(void);

int main(void)
{
	return 0;
}
