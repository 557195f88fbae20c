#pragma once
#include "harness/b/y.h"
