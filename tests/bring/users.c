// SPDX-License-Identifier: MIT
/* users: what tests/bring.sh runs to see the guest's /etc/passwd and /etc/group:
 * the user and group of ID 0, as the C library finds them. */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>

int main(void)
{
	char user_buf[2048], group_buf[2048];
	struct passwd user, *found_user = NULL;
	struct group group, *found_group = NULL;
	int user_err = getpwuid_r(0, &user, user_buf, sizeof(user_buf), &found_user);
	/* cppcheck-suppress nullPointer ; cppcheck 2.10's posix.cfg takes the gid for a pointer */
	int group_err = getgrgid_r(0, &group, group_buf, sizeof(group_buf), &found_group);

	printf("uid 0: %s, gid 0: %s\n", !user_err && found_user ? found_user->pw_name : "none",
	       !group_err && found_group ? found_group->gr_name : "none");
	return 0;
}
