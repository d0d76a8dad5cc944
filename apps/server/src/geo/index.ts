/** Where visitors are: client address, GeoIP lookup and country flags. */
export { clientAddress, type ClientAddressInput } from './client-address.ts';
export { isPublicAddress, parseAddress } from './address.ts';
export { defaultGeoIpFiles, openGeoIp, type GeoIp, type GeoIpFiles, type Location } from './geoip.ts';
