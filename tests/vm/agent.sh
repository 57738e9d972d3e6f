#!/bin/sh
# The boot tests' agent inside the virtual machine, on its second serial
# port (ttyS1): reads one command a line, "ID BASE64-OF-A-SHELL-SCRIPT",
# runs it as root and answers "OUT ID BASE64-OF-ITS-OUTPUT" then
# "END ID STATUS".  Says "READY" when it starts (at each boot).  Installed
# only in the test image, never by the packages.
stty raw -echo 2>/dev/null
echo READY
while read -r id script; do
	printf '%s' "$script" | base64 -d >/run/vm-agent.sh
	sh /run/vm-agent.sh >/run/vm-agent.out 2>&1 </dev/null
	rc=$?
	echo "OUT $id $(base64 -w 0 /run/vm-agent.out)"
	echo "END $id $rc"
done
