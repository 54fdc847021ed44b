// Every family's Semantics<Fn> specialisations, included once by interpose/wrap.hpp.
#pragma once

#include "semantics/collective_requests.hpp"
#include "semantics/collectives.hpp"
#include "semantics/comms.hpp"
#include "semantics/environment.hpp"
#include "semantics/io.hpp"
#include "semantics/neighborhood.hpp"
#include "semantics/p2p.hpp"
#include "semantics/pcontrol.hpp"
#include "semantics/persistent.hpp"
#include "semantics/probes.hpp"
#include "semantics/requests.hpp"
#include "semantics/rma.hpp"
#include "semantics/type_signature.hpp"
