# SPDX-License-Identifier: MIT
# Figures that vary from run to run and machine to machine, which tests/docs.sh
# replaces in both the committed and the fresh document before comparing them:
# kernel timestamps "[    0.349629]" and durations "0.196 s" (docs/boot.md).
s/\[ *[0-9]+\.[0-9]+\]/[T]/g
s/[0-9]+\.[0-9]+ s\b/T s/g
