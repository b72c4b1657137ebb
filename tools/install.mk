# SPDX-License-Identifier: MIT
# make install, uninstall, man, deb: nakedinit-run as a tool of the machine, for
# every user of it, with no checkout. What a run needs for each architecture in
# ARCHES (the programs' kernel, the launcher, copyout) and the host tools are
# built here, once, and installed under LIBDIR/nakedinit, with run.env files that
# name them there (INSTALLED=, the Makefile's run_path). The installed
# nakedinit-run reads those and never runs make or apt-get: what it needs of the
# machine at run time (RUN_DEPENDS, RUN_RECOMMENDS) is named instead, by make
# install and in the package's dependencies (debian/rules reads them here).

.PHONY: install install-host install-arch uninstall man deb

# GNU's names, as every package's make install takes them.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
BASH_COMPLETION_DIR ?= $(DATADIR)/bash-completion/completions
DESTDIR ?=
INSTALL_LIB = $(LIBDIR)/nakedinit
# A checkout's version is git's; a release's, debian/changelog's (tools/version.sh).
VERSION ?= $(shell tools/version.sh)
# The manual page's date, for help2man: SOURCE_DATE_EPOCH where it is set
# (dpkg-buildpackage sets it from debian/changelog), else the last commit's, so that
# the same sources give the same page.
MAN_DATE = $(or $(SOURCE_DATE_EPOCH),$(shell git log -1 --format=%ct 2> /dev/null || stat -c %Y Makefile))

# What a run needs of the machine: each architecture's QEMU; and, for dynamically
# linked programs of another architecture than the host's, Debian's cross C library.
arch_setting = $(shell sed -n 's/^$(2) *:= *//p' arch/$(1)/$(3))
RUN_DEPENDS = $(foreach a,$(ARCHES),$(call arch_setting,$(a),QEMU_PACKAGE,qemu.mk))
RUN_RECOMMENDS = $(foreach a,$(filter-out $(HOST_ARCH),$(ARCHES)),libc6-$(call arch_setting,$(a),DEBIAN_ARCH,arch.mk)-cross)

MAN_PAGE := $(O)/man/nakedinit-run.1
STAGE := $(O)/install

install: man
	$(Q)$(MAKE) --no-print-directory INSTALLED='$(INSTALL_LIB)' install-host
	$(Q)for a in $(ARCHES); do \
		$(MAKE) --no-print-directory ARCH=$$a KERNEL_PROFILE=programs CMDLINE= ACCEL=tcg \
			INSTALLED='$(INSTALL_LIB)' install-arch || exit; done
	@echo "nakedinit-run needs at run time: $(RUN_DEPENDS) (QEMU)$(if $(RUN_RECOMMENDS),; for dynamically linked programs: $(RUN_RECOMMENDS))"

# The installed runner is the checkout's, built with its version and INSTALLED in
# it (tools/run/env.c); nakedinit-binfmt, binfmt_misc's handler, is a link to it
# (tools/run/binfmt.c). The completion is told the architectures.
INSTALLED_RUNNER := $(STAGE)/nakedinit-run
install-host: $(RUNNER_DEPS) | $(HOSTB)/.toolchain $(STAGE)/host/
	$(file >$(STAGE)/host/run.env,$(run_env_host))
	$(call say,HOSTCC,$(INSTALLED_RUNNER))
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(RUNNER_CFLAGS) -DNAKEDINIT_INSTALLED='"$(INSTALLED)"' \
		-DNAKEDINIT_VERSION='"$(VERSION)"' -o $(INSTALLED_RUNNER) $(RUNNER_SOURCES) -lz
	$(Q)sed "s|^_nakedinit_run_arches=.*|_nakedinit_run_arches='$(ARCHES)'|" tools/nakedinit-run.bash-completion > $(STAGE)/completion
	$(call say,INSTALL,$(DESTDIR)$(BINDIR)/nakedinit-run)
	$(Q)install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASH_COMPLETION_DIR) \
		$(DESTDIR)$(INSTALLED)/host/etc
	$(Q)install -m 0755 $(INSTALLED_RUNNER) $(DESTDIR)$(BINDIR)/nakedinit-run
	$(Q)install -m 0644 $(MAN_PAGE) $(DESTDIR)$(MANDIR)/man1/nakedinit-run.1
	$(Q)install -m 0644 $(STAGE)/completion $(DESTDIR)$(BASH_COMPLETION_DIR)/nakedinit-run
	$(Q)install -m 0644 $(STAGE)/host/run.env $(DESTDIR)$(INSTALLED)/host/
	$(Q)install -m 0644 src/etc/* $(DESTDIR)$(INSTALLED)/host/etc/
	$(Q)ln -sfr $(DESTDIR)$(BINDIR)/nakedinit-run $(DESTDIR)$(INSTALLED)/host/nakedinit-binfmt

# The kernel, the launcher, copyout and BusyBox are the guest's, not the host's programs:
# files to read (0644). (The disk's arguments as run-env writes them: -o's disk.)
install-arch: DISK = @DISK@
install-arch: DISK_WRITABLE = yes
# A vmlinux, the kernel as an ELF, goes without its symbol table, which only a
# debugger reads.
INSTALLED_KERNEL = $(STAGE)/$(ARCH)/$(notdir $(KERNEL_IMAGE))
install-arch: kernel $(B)/launch $(B)/copyout $(BUILT_BUSYBOX) $(B)/busybox.links | $(STAGE)/$(ARCH)/
	$(file >$(STAGE)/$(ARCH)/run.env,$(run_env_arch))
	$(Q)$(if $(filter vmlinux,$(notdir $(KERNEL_IMAGE))),$(CROSS_COMPILE)strip -o $(INSTALLED_KERNEL) $(BUILT_KERNEL),\
		cp $(BUILT_KERNEL) $(INSTALLED_KERNEL))
	$(call say,INSTALL,$(DESTDIR)$(INSTALLED)/$(ARCH))
	$(Q)install -d $(DESTDIR)$(INSTALLED)/$(ARCH)
	$(Q)install -m 0644 $(INSTALLED_KERNEL) $(B)/launch $(B)/copyout $(BUILT_BUSYBOX) $(B)/busybox.links \
		$(STAGE)/$(ARCH)/run.env $(DESTDIR)$(INSTALLED)/$(ARCH)/

$(STAGE)/%/:
	$(Q)mkdir -p $@

# Exactly what install made: the files it put in shared folders, and its own folder.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/nakedinit-run $(DESTDIR)$(MANDIR)/man1/nakedinit-run.1 \
		$(DESTDIR)$(BASH_COMPLETION_DIR)/nakedinit-run
	rm -rf $(DESTDIR)$(INSTALL_LIB)

# The manual page: the runner's --help (help2man runs it), then what
# tools/run/nakedinit-run.h2m adds (its name line, the paragraphs after the options,
# the [EXIT STATUS] section). It is made anew each time: the version is part of it.
man: $(RUNNER)
	$(Q)$(NEED) "to make the manual page" help2man:help2man
	$(Q)mkdir -p $(dir $(MAN_PAGE))
	$(Q)SOURCE_DATE_EPOCH=$(MAN_DATE) help2man -N --version-string='$(VERSION)' \
		-i tools/run/nakedinit-run.h2m -o $(MAN_PAGE).tmp $(RUNNER)
	$(Q)mv $(MAN_PAGE).tmp $(MAN_PAGE)

# The Debian package, with Debian's tools (debian/), into $(O)/deb. Everything it
# installs is built first, here, so that make installs the Debian packages the build
# needs (its Build-Depends, which dpkg-buildpackage then checks).
DEB_OUT := $(abspath $(O)/deb)
deb:
	$(Q)$(NEED) "to build the Debian package" dpkg-dev:dpkg-buildpackage debhelper:dh_prep \
		build-essential:/usr/share/build-essential/list \
		fakeroot:fakeroot help2man:help2man
	$(Q)for a in $(SUPPORTED_ARCHES); do \
		$(MAKE) --no-print-directory ARCH=$$a KERNEL_PROFILE=programs CMDLINE= kernel $(O)/$$a/launch $(O)/$$a/copyout \
		$(O)/$$a/busybox $(O)/$$a/busybox.links || exit; done
	$(Q)mkdir -p $(DEB_OUT)
	$(Q)NAKEDINIT_DEB_DIR=$(DEB_OUT) O=$(O) dpkg-buildpackage -b -us -uc \
		--buildinfo-option=-u$(DEB_OUT) --changes-option=-u$(DEB_OUT) \
		--buildinfo-file=$(DEB_OUT)/nakedinit.buildinfo --changes-file=$(DEB_OUT)/nakedinit.changes
	$(Q)dh_clean
	@ls $(DEB_OUT)/*.deb

#help:
#help: Installing (GNU's PREFIX=/usr/local, DESTDIR=, BINDIR=, LIBDIR=, DATADIR=, MANDIR=):
#help:   install        nakedinit-run on PATH, with what it runs for each arch in ARCHES,
#help:                  under LIBDIR/nakedinit: it runs without this checkout, never builds
#help:   uninstall      remove what install installed
#help:   man            the manual page, O/man/nakedinit-run.1, from nakedinit-run's header
#help:   deb            the Debian package, O/deb/nakedinit_VERSION_ARCH.deb (debian/)
