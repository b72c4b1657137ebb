// SPDX-License-Identifier: MIT
module nakedinit.example/recipe

go 1.19
