// The whole safe C++ API in one include; each family also has its own header.
#pragma once

#include "mpisight/buffer.hpp"
#include "mpisight/collectives.hpp"
#include "mpisight/collectives_v.hpp"
#include "mpisight/communicator.hpp"
#include "mpisight/datatype.hpp"
#include "mpisight/environment.hpp"
#include "mpisight/error.hpp"
#include "mpisight/misuse.hpp"
#include "mpisight/nonblocking.hpp"
#include "mpisight/object.hpp"
#include "mpisight/ops.hpp"
#include "mpisight/p2p.hpp"
#include "mpisight/request.hpp"
#include "mpisight/serialization.hpp"
#include "mpisight/status.hpp"
#include "mpisight/topology.hpp"
