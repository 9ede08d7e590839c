export {
  REQUIRE_SERVICES_VARIABLE,
  requireService,
  type ServiceAvailability,
} from "./require-service.js";
