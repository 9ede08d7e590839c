export {
  createHttpMock,
  type HttpMock,
  type RecordedRequest,
  type UnmatchedRequest,
} from "./http-mock.js";
export {
  REQUIRE_SERVICES_VARIABLE,
  requireService,
  type ServiceAvailability,
} from "./require-service.js";
