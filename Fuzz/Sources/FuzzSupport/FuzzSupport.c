// The declaration in include/FuzzSupport.h is all this module provides; SwiftPM needs one source file.
#include "FuzzSupport.h"
