module nakedinit.example/recipe

go 1.19
