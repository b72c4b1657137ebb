// SPDX-License-Identifier: MIT
// hello: the C++ program tests/bring.sh runs dynamically linked (libstdc++, and
// libgcc_s for the exception) on each architecture: it prints its arguments.
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

int main(int argc, char **argv)
{
	const std::vector<std::string> args(argv + 1, argv + argc);

	try {
		throw std::runtime_error("an exception");
	} catch (const std::exception &e) {
		std::cout << "c++: caught " << e.what() << '\n';
	}
	for (std::size_t i = 0; i < args.size(); i++)
		std::cout << "c++ arg " << i + 1 << ": " << args[i] << '\n';
	return 0;
}
