'use strict';
// The operation types, one module each, registered with the lifecycle that drives them all.
const life = require('./lifecycle');
const { isoOf, sec } = require('./shared');
const deposit = require('./deposit');
const withdrawal = require('./withdrawal');
const swap = require('./swap');
const internalTransfer = require('./internalTransfer');
const limitOrder = require('./limitOrder');
const amlCheck = require('./amlCheck');

// This order is the order of /__admin/state and of every "type must be one of" message.
life.register([deposit, withdrawal, swap, internalTransfer, limitOrder, amlCheck]);

module.exports = {
	...life,
	isoOf,
	sec,
	deposit,
	withdrawal,
	swap,
	internalTransfer,
	limitOrder,
	amlCheck,
};
