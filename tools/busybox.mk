# SPDX-License-Identifier: MIT
# make busybox: one static BusyBox for ARCH, $(B)/busybox, and the list of its
# links, $(B)/busybox.links (BusyBox's own layout: /bin/sh, /usr/bin/env, ...), for
# the guest's /bin/sh and basic commands. Debian 12 has no busybox binaries for
# every architecture (none for riscv64), so it is built here, from Debian's source
# package with Debian's patches, by Debian's cross compilers, with the configuration
# src/busybox.config. The source is fetched and unpacked once, under $(O)/src, for
# every architecture (tools/debian-source.sh); each builds out of tree in
# $(B)/busybox-build. The same sources give the same bytes (no date, no path of
# the checkout in the binary).

.PHONY: busybox

# The exact source: the one Built-Using names. tools/debian-source.sh fails if the
# archive no longer has it.
BUSYBOX_DEBIAN_VERSION := 1:1.35.0-4+deb12u1
BUSYBOX_SRC := $(O)/src/busybox-$(lastword $(subst :, ,$(BUSYBOX_DEBIAN_VERSION)))
BUSYBOX_BUILD := $(B)/busybox-build
BUILT_BUSYBOX := $(B)/busybox
# Static glibc for ARCH: the host's libc6-dev, or Debian's cross copy of it.
BUSYBOX_LIBC := $(if $(SYSROOT),libc6-dev$(CROSS_PACKAGE_SUFFIX):$(SYSROOT)/lib/libc.a,libc6-dev:/usr/lib/$(TRIPLE)/libc.a)

# BusyBox's own make, out of tree. ARCH and O are given again: make passes ours
# (ARCH=amd64 as typed, O=build) down to it otherwise. Its banner says what it is
# instead of when it was built (BB_EXTRA_VERSION, Debian's patch), kconfig writes
# no date (KCONFIG_NOTIMESTAMP, as debian/rules does), and any file name compiled
# in (__FILE__) is relative to the source, wherever the checkout is. LC_ALL: the
# generated lists of applets are sorted.
busybox_make = LC_ALL=C KCONFIG_NOTIMESTAMP=1 $(MAKE) --no-print-directory -C $(BUSYBOX_SRC) \
	O=$(abspath $(BUSYBOX_BUILD)) ARCH=$(ARCH) CROSS_COMPILE=$(CROSS_COMPILE) V=$(V) \
	BB_EXTRA_VERSION='Debian $(BUSYBOX_DEBIAN_VERSION), nakedinit' \
	CONFIG_EXTRA_CFLAGS='-ffile-prefix-map=$(abspath $(BUSYBOX_SRC))=busybox -ffile-prefix-map=$(abspath $(BUSYBOX_BUILD))=busybox'
# BusyBox's output goes to a log, whose end is shown if it fails; V=1 shows it all.
busybox_log = $(if $(filter 1,$(V)),,> $(BUSYBOX_BUILD)/$(1).log 2>&1 || { tail -n 30 $(BUSYBOX_BUILD)/$(1).log; \
	echo "busybox: $(1) failed; the whole log is $(BUSYBOX_BUILD)/$(1).log" >&2; exit 1; })

busybox: $(BUILT_BUSYBOX) $(B)/busybox.links

# Our own fixes on top of Debian's (src/busybox-*.patch, each saying why), applied
# once to the source every architecture shares. A patch changed: the source is
# unpacked anew first. Under a lock, and judged inside it: make check's
# architectures run side by side, and one patches while the others wait.
BUSYBOX_PATCHES := $(sort $(wildcard src/busybox-*.patch))
$(BUSYBOX_SRC)/.patched: $(BUSYBOX_PATCHES) tools/debian-source.sh
	$(call say,SOURCE,$(@D))
	$(Q)$(NEED) "to patch BusyBox's source" patch:patch
	$(Q)mkdir -p $(O)/src && flock $(O)/src/.busybox.lock sh -c '\
		[ -f $@ ] && [ -z "$$(find $(BUSYBOX_PATCHES) tools/debian-source.sh -newer $@)" ] && exit 0; \
		rm -rf $(@D) && tools/debian-source.sh busybox=$(BUSYBOX_DEBIAN_VERSION) $(@D) && \
		for p in $(BUSYBOX_PATCHES); do patch -s -d $(@D) -p1 < $$p || exit; done && touch $@'

$(B)/.busybox-toolchain: | $(B)/.toolchain $(HOSTB)/.toolchain
	$(Q)$(NEED) "to link a static busybox for $(ARCH)" $(BUSYBOX_LIBC)
	$(Q)touch $@

# BusyBox's kconfig ignores what KCONFIG_ALLCONFIG asks of allnoconfig (its conf.c
# answers n to every option it may), so src/busybox.config is merged into
# allnoconfig's .config instead, which names every option. oldconfig then settles
# what depends on what; it asks nothing, or fails (stdin is empty) if an option is
# new to it, one the fragment must name. Every option asked for must have landed.
$(BUSYBOX_BUILD)/.config: src/busybox.config $(BUSYBOX_SRC)/.patched tools/busybox.mk \
		tools/merge-fragments.sh tools/kconfig-check.sh | $(B)/.busybox-toolchain
	$(call say,CONFIG,$@)
	$(Q)mkdir -p $(@D)
	$(Q)+$(busybox_make) allnoconfig $(call busybox_log,allnoconfig)
	$(Q)tools/merge-fragments.sh $@ src/busybox.config > $@.tmp && mv $@.tmp $@
	$(Q)+$(busybox_make) oldconfig < /dev/null $(call busybox_log,oldconfig)
	$(Q)tools/kconfig-check.sh src/busybox.config $@

# (BusyBox strips its own: symbols, .comment; busybox_unstripped stays for gdb.)
$(BUILT_BUSYBOX): $(BUSYBOX_BUILD)/.config
	$(call say,BUSYBOX,$@)
	$(Q)+$(busybox_make) busybox $(call busybox_log,build)
	$(Q)cp $(BUSYBOX_BUILD)/busybox $@

# (after the binary: two BusyBox makes in one tree would race)
$(B)/busybox.links: $(BUILT_BUSYBOX)
	$(Q)+$(busybox_make) busybox.links $(call busybox_log,links)
	$(Q)cp $(BUSYBOX_BUILD)/busybox.links $@

#help:
#help: BusyBox (tools/busybox.mk):
#help:   busybox        a static BusyBox for ARCH, from Debian's source package and
#help:                  src/busybox.config: O/ARCH/busybox and its links, O/ARCH/busybox.links
