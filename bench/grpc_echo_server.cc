/*
 * grpc_echo_server.cc - gRPC C++'s own sync server as bench_grpc's
 * baseline: service Echo of echo.proto, a synchronous unary handler
 * that returns the request, with the server's default settings.
 *
 * usage: grpc_echo_server ADDR:PORT (port 0 picks a free one). Prints
 * "listening on ADDR:PORT" once it serves, then runs until SIGTERM or
 * SIGINT.
 */
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>

#include <pthread.h>

#include <grpcpp/grpcpp.h>

#include "echo.grpc.pb.h"

namespace
{

class EchoService final : public kinerja::bench::Echo::Service
{
	grpc::Status Echo(grpc::ServerContext *,
	    const kinerja::bench::Blob *req,
	    kinerja::bench::Blob       *rep) override
	{
		*rep = *req;
		return grpc::Status::OK;
	}
};

} // namespace

int
main(int argc, char **argv)
{
	EchoService         service;
	grpc::ServerBuilder builder;
	sigset_t            set;
	int                 port = 0, sig;

	if (argc != 2) {
		std::fprintf(stderr, "usage: %s ADDR:PORT\n", argv[0]);
		return 2;
	}
	/* Blocked before gRPC starts its threads, which inherit the mask,
	 * so that only sigwait below receives them. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, nullptr);
	std::string addr = argv[1];
	builder.AddListeningPort(
	    addr, grpc::InsecureServerCredentials(), &port);
	builder.RegisterService(&service);
	std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
	if (server == nullptr || port == 0) {
		std::fprintf(stderr, "grpc_echo_server: cannot listen on %s\n",
		    argv[1]);
		return 1;
	}
	/* The port actually bound, for a caller that asked for port 0. */
	std::printf("listening on %s:%d\n",
	    addr.substr(0, addr.rfind(':')).c_str(), port);
	std::fflush(stdout);
	sigwait(&set, &sig);
	server->Shutdown();
	return 0;
}
