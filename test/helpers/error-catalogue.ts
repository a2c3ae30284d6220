// Tests import modules deep in the tree and read an error's status and sentences; the product
// registers every layer's codes through the CLI's and the HTTP service's error reporting, and a
// test file gets the same whole catalogue here (vitest setupFiles).
import '../../appliance/service/error-catalogue.js';
