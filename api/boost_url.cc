// Boost.URL (the HTTP client's and --lambda-endpoint's URLs) compiled into
// the binary from the headers of libboost1.81-dev, as its documentation
// allows ("include src.hpp in exactly one source file"), so no extra Boost
// library is linked or shipped.
#include <boost/url/src.hpp>
